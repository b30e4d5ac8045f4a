# Quarantine security group for isolating an instance (the contain function swaps an instance's
# security groups for this one). It has no ingress and no egress rule at all: `egress = []` is
# explicit because AWS otherwise adds an allow-all egress rule to every new group, and an
# isolated host must not reach a command-and-control server or exfiltrate data. (Connections
# already tracked when the group changes can persist until they close; see the contain docs.)

resource "aws_security_group" "quarantine" {
  count = var.vpc_id == null ? 0 : 1

  name                   = "${var.name_prefix}-quarantine"
  description            = "runwatch quarantine: no inbound, no outbound"
  vpc_id                 = var.vpc_id
  ingress                = []
  egress                 = []
  revoke_rules_on_delete = true
  tags                   = merge(local.tags, { Name = "${var.name_prefix}-quarantine" })
}
