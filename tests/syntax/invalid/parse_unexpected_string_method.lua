local x = "abc":upper()
