"""Section editors: one widget per part of a case, shared by the wizard and the case view."""
