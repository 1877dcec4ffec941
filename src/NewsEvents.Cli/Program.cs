using NewsEvents.Cli;

return await CommandLine.RunAsync(args);
