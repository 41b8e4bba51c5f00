variable "name_prefix" {
  description = "Prefix for resource names, e.g. thumbsvc-dev."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "aws_region" {
  description = "Region, used to build the S3 gateway endpoint service name."
  type        = string
}

variable "subnet_newbits" {
  description = "Bits added to the VPC prefix length for each private subnet."
  type        = number
  default     = 8
}
