Grailbird.data.tweets_2022_12 = 
[
  {
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [
        {
          "text" : "ldinsight",
          "indices" : [
            5,
            15
          ]
        }
      ],
      "symbols" : [],
      "user_mentions" : [],
      "urls" : []
    },
    "geo" : {},
    "id_str" : "1000000000000001091",
    "text" : "Last #ldinsight of the year done, thanks all! Back in January",
    "id" : 1000000000000001091,
    "created_at" : "2022-12-16 17:40:05 +0000",
    "user" : {
      "name" : "Jane (L&D)",
      "screen_name" : "jane_ld",
      "protected" : false,
      "id_str" : "2000000002",
      "profile_image_url_https" : "https://pbs.twimg.com/profile_images/1/a_normal.jpg",
      "id" : 2000000002,
      "verified" : false
    }
  },
  {
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [],
      "symbols" : [],
      "user_mentions" : [],
      "urls" : []
    },
    "geo" : {},
    "id_str" : "1000000000000001090",
    "text" : "Reading The Social Learning Handbook again. Still the best thing on the subject &amp; still ahead of most orgs",
    "id" : 1000000000000001090,
    "created_at" : "2022-12-02 09:12:00 +0000",
    "user" : {
      "name" : "Jane (L&D)",
      "screen_name" : "jane_ld",
      "protected" : false,
      "id_str" : "2000000002",
      "profile_image_url_https" : "https://pbs.twimg.com/profile_images/1/a_normal.jpg",
      "id" : 2000000002,
      "verified" : false
    }
  }
]