"""The web portal (``kiosk serve``): hosts invite their own guests. Pages are rendered on the
server and work without JavaScript; every route calls the services, never the store."""
