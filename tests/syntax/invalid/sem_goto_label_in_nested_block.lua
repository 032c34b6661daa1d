goto inner
do
  ::inner::
end
