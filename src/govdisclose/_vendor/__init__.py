"""Third-party code copied into the project, unmodified except where its README says (see there)."""
