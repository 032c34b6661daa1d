obj:end()
