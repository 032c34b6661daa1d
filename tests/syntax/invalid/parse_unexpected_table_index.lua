local x = {}.a
