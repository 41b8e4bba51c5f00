variable "aws_region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "project_name" {
  description = "Short lowercase name used as a prefix for all resources."
  type        = string
  default     = "thumbsvc"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,20}$", var.project_name))
    error_message = "project_name must be 3-21 lowercase letters, digits or hyphens."
  }
}

variable "environment" {
  description = "Deployment stage."
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "lambda_memory_size" {
  description = "Memory (MB) for the thumbnail function."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024], var.lambda_memory_size)
    error_message = "lambda_memory_size must be 256, 512 or 1024."
  }
}

variable "thumbnail_width" {
  description = "Maximum width in pixels of generated thumbnails."
  type        = number
  default     = 256

  validation {
    condition     = var.thumbnail_width >= 32 && var.thumbnail_width <= 1024
    error_message = "thumbnail_width must be between 32 and 1024."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC that hosts the Lambda function."
  type        = string
  default     = "10.20.0.0/16"
}

variable "lambda_package_path" {
  description = "Path of the zip built from ../lambda (handler plus dependencies)."
  type        = string
  default     = "build/thumbnailer.zip"
}
