-- An error value that is not a string goes through require unchanged.
error({ code = 42 })
