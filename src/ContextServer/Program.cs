using ContextServer;

var builder = WebApplication.CreateBuilder(args);
builder.AddContextServer();

var app = builder.Build();
app.UseContextServer();
app.Run();
