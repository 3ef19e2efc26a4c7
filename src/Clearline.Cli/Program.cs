using Clearline.Cli;

return ClearlineRoot.Create().Parse(args).Invoke();
