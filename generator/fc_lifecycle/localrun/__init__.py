"""``fc-lifecycle run``: run a project on this machine the way FC runs it, hooks included."""
