@pytest.fixture
def resources() -> dict:
    """What the {{ routes }} find {{ where }} instead of what ``initialize`` makes.

    Override this fixture to give your {{ routes }} fakes (``{"db": FakeDb()}``), so that tests
    never reach the services ``initialize`` connects to on FC.
    """
    return {"greeting": "Hello from the tests"}
