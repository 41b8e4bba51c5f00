output "upload_bucket_name" {
  description = "Bucket that receives original images under uploads/."
  value       = aws_s3_bucket.uploads.bucket
}

output "thumbnail_function_arn" {
  description = "ARN of the thumbnail Lambda function."
  value       = aws_lambda_function.thumbnailer.arn
}

output "thumbnail_function_role_arn" {
  description = "Execution role of the thumbnail Lambda function."
  value       = aws_iam_role.thumbnailer.arn
}

output "vpc_id" {
  description = "ID of the VPC that hosts the Lambda function."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets the Lambda function is attached to."
  value       = module.network.private_subnet_ids
}
