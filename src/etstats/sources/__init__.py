"""Where round files come from: a local folder or a remote one over SFTP, behind one interface."""
