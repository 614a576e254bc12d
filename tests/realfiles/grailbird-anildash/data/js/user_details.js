var user_details =  {
  "screen_name" : "anildash",
  "location" : "NYC: 40.739069,-73.987082",
  "full_name" : "Anil Dash",
  "bio" : "I love NYC, tech & funk. Cofounder of @activateinc & @thinkup. More about me at http://t.co/xTVaMId2 or reach me at anil@dashes.com or 646 833-8659.",
  "id" : "36823",
  "created_at" : "Sat Dec 02 09:15:15 +0000 2006"
}