"""The guest's path at the kiosk: arrival, the lobby flow, camera codes and the staff PIN."""
