"""The Qt-free core: exam document, clinical catalog, classification, note, signing, storage."""
