"""The durable outbox: badges and emails sent by one drain loop, a sender per channel."""
