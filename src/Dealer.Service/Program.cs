using Dealer.Service.Cli;

return await DealerCommandLine.RunAsync(args, Environment.GetEnvironmentVariable);
