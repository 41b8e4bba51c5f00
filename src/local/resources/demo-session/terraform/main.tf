data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  name_prefix   = "${var.project_name}-${var.environment}"
  bucket_name   = "${local.name_prefix}-uploads-${data.aws_caller_identity.current.account_id}"
  function_name = "${local.name_prefix}-thumbnailer"
}

module "network" {
  source = "./modules/network"

  name_prefix = local.name_prefix
  vpc_cidr    = var.vpc_cidr
  aws_region  = var.aws_region
}

# ---------------------------------------------------------------------------
# Upload bucket
# ---------------------------------------------------------------------------

resource "aws_s3_bucket" "uploads" {
  bucket = local.bucket_name
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    id     = "expire-originals"
    status = "Enabled"

    filter {
      prefix = "uploads/"
    }

    expiration {
      days = var.environment == "prod" ? 365 : 30
    }
  }
}

# ---------------------------------------------------------------------------
# Lambda function
# ---------------------------------------------------------------------------

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "bucket_access" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.uploads.arn}/uploads/*"]
  }

  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.uploads.arn}/thumbnails/*"]
  }
}

resource "aws_iam_role" "thumbnailer" {
  name               = local.function_name
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
}

resource "aws_iam_role_policy" "bucket_access" {
  name   = "upload-bucket-access"
  role   = aws_iam_role.thumbnailer.id
  policy = data.aws_iam_policy_document.bucket_access.json
}

resource "aws_iam_role_policy_attachment" "vpc_access" {
  role       = aws_iam_role.thumbnailer.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_cloudwatch_log_group" "thumbnailer" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.environment == "prod" ? 90 : 14
}

resource "aws_lambda_function" "thumbnailer" {
  function_name    = local.function_name
  role             = aws_iam_role.thumbnailer.arn
  runtime          = "python3.12"
  handler          = "handler.lambda_handler"
  filename         = var.lambda_package_path
  source_code_hash = filebase64sha256(var.lambda_package_path)
  memory_size      = var.lambda_memory_size
  timeout          = 30

  vpc_config {
    subnet_ids         = module.network.private_subnet_ids
    security_group_ids = [module.network.lambda_security_group_id]
  }

  environment {
    variables = {
      THUMBNAIL_WIDTH  = tostring(var.thumbnail_width)
      THUMBNAIL_PREFIX = "thumbnails/"
    }
  }

  depends_on = [
    aws_cloudwatch_log_group.thumbnailer,
    aws_iam_role_policy_attachment.vpc_access,
  ]
}

resource "aws_lambda_permission" "allow_s3" {
  statement_id   = "AllowUploadBucketInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.thumbnailer.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnailer.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "uploads/"
  }

  depends_on = [aws_lambda_permission.allow_s3]
}
