"""The examination form as data (installed as `slrdesk.forms`): see manifest.toml."""
