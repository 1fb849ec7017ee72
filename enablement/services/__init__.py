"""Domain services: functions that take a session and an actor.

They check permissions, validate, change rows and log usage; they never open
or commit a session. The `Library` facade decides the transaction boundary.
"""
