local f = function()
  return 1

-- the error is reported on the line of <eof>, after these comments



