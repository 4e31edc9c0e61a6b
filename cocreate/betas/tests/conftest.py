from cocreate.betas.tests.fixtures import open_program, program, program_moderator, tester

__all__ = ["open_program", "program", "program_moderator", "tester"]
