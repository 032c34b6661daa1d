function a:() end
