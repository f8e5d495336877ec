"""Email: invitations with their QR code and calendar invite, and the SMTP transport."""
