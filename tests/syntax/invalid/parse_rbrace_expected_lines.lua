local t = {
  1,
  2
  x = 1
}
