"""What every app shares and that knows no domain: upload policy, client addresses, safe cells."""
