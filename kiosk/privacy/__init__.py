"""The privacy core: the purpose registry, the capture gateway, encryption and the audit log."""
