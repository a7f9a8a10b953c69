"""The exam document: its model (exam, findings), the vocabulary tied to the form, editing one
field at a time, the grid-cell grammar and the field labels a clinician reads."""
