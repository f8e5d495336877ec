"""Scripts that measure the kiosk and print the figures the issues ask for."""
