var user_details =  {
  "expanded_url" : null,
  "screen_name" : "jane_ld",
  "location" : "Leeds",
  "url" : null,
  "full_name" : "Jane (L&D)",
  "bio" : "L&D",
  "id" : "2000000002",
  "created_at" : "2011-03-01 09:00:00 +0000"
}