using Dealer.Service.Cli;

return await DealerCommandLine.Create(Environment.GetEnvironmentVariable).Parse(args).InvokeAsync();
