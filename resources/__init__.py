"""Files the program ships: fonts (with their licences), and later icons and figures."""
