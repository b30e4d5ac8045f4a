terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.28.0 added aws_lambda_permission.invoked_via_function_url (CHANGELOG, #44858), which
      # the module uses for the contain-url function's resource policy.
      version = ">= 6.28.0"
    }
  }
}
