"""What reception works with: guests the kiosk could not help, the deny list, who is
expected."""
