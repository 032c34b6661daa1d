local x = @y
