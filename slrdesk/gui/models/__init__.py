"""Qt item models over the exam document and the store; each is checked by qtmodeltester."""
