app_name = "reputation"

urlpatterns: list = []
