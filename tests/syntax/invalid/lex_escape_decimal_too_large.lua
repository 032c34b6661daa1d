local s = "ok \300 no"
