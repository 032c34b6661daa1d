local x = .5..''
