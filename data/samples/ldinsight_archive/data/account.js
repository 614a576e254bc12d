window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "ld_host@example.org",
      "createdVia" : "web",
      "username" : "ld_host",
      "accountId" : "2000000001",
      "createdAt" : "2011-03-01T09:00:00.000Z",
      "accountDisplayName" : "ld_host"
    }
  }
]