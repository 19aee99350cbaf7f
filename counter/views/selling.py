"""(routes added by the module's views)"""

routes = []
