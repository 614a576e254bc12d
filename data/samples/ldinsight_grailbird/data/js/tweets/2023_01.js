Grailbird.data.tweets_2023_01 = 
[
  {
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [
        {
          "text" : "ldinsight",
          "indices" : [
            35,
            45
          ]
        }
      ],
      "symbols" : [],
      "user_mentions" : [],
      "urls" : [
        {
          "url" : "https://t.co/JaneBlog01",
          "expanded_url" : "https://jane-ld.example.org/2023/01/buddy",
          "display_url" : "jane-ld.example.org/2023/0",
          "indices" : [
            81,
            104
          ]
        }
      ]
    },
    "geo" : {},
    "id_str" : "1000000000000001094",
    "text" : "Wrote up what I took from Friday's #ldinsight: the buddy really is the induction https://t.co/JaneBlog01",
    "id" : 1000000000000001094,
    "created_at" : "2023-01-23 12:02:44 +0000",
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
      "hashtags" : [
        {
          "text" : "ldinsight",
          "indices" : [
            38,
            48
          ]
        }
      ],
      "symbols" : [],
      "user_mentions" : [
        {
          "screen_name" : "ld_host",
          "name" : "ld_host",
          "id_str" : "2000000001",
          "indices" : [
            7,
            15
          ]
        }
      ],
      "urls" : []
    },
    "geo" : {},
    "id_str" : "1000000000000001034",
    "text" : "Thanks @ld_host, great chat as always #ldinsight",
    "id" : 1000000000000001034,
    "created_at" : "2023-01-20 08:35:40 +0000",
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
      "hashtags" : [
        {
          "text" : "ldinsight",
          "indices" : [
            93,
            103
          ]
        }
      ],
      "symbols" : [],
      "user_mentions" : [
        {
          "screen_name" : "ld_host",
          "name" : "ld_host",
          "id_str" : "2000000001",
          "indices" : [
            0,
            8
          ]
        }
      ],
      "urls" : []
    },
    "geo" : {},
    "id_str" : "1000000000000001030",
    "text" : "@ld_host A3 stop measuring learning by course completions. Nobody 'completes' a conversation #ldinsight",
    "id" : 1000000000000001030,
    "created_at" : "2023-01-20 08:27:15 +0000",
    "user" : {
      "name" : "Jane (L&D)",
      "screen_name" : "jane_ld",
      "protected" : false,
      "id_str" : "2000000002",
      "profile_image_url_https" : "https://pbs.twimg.com/profile_images/1/a_normal.jpg",
      "id" : 2000000002,
      "verified" : false
    },
    "in_reply_to_status_id_str" : "1000000000000001027",
    "in_reply_to_status_id" : 1000000000000001027,
    "in_reply_to_screen_name" : "ld_host"
  },
  {
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [],
      "symbols" : [],
      "user_mentions" : [
        {
          "screen_name" : "sam_learns",
          "name" : "sam_learns",
          "id_str" : "2000000003",
          "indices" : [
            0,
            11
          ]
        }
      ],
      "urls" : []
    },
    "geo" : {},
    "id_str" : "1000000000000001023",
    "text" : "@sam_learns totally, the buddy is the real induction 😄",
    "id" : 1000000000000001023,
    "created_at" : "2023-01-20 08:18:30 +0000",
    "user" : {
      "name" : "Jane (L&D)",
      "screen_name" : "jane_ld",
      "protected" : false,
      "id_str" : "2000000002",
      "profile_image_url_https" : "https://pbs.twimg.com/profile_images/1/a_normal.jpg",
      "id" : 2000000002,
      "verified" : false
    },
    "in_reply_to_status_id_str" : "1000000000000001021",
    "in_reply_to_status_id" : 1000000000000001021,
    "in_reply_to_screen_name" : "sam_learns"
  },
  {
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [
        {
          "text" : "ldinsight",
          "indices" : [
            110,
            120
          ]
        }
      ],
      "symbols" : [],
      "user_mentions" : [
        {
          "screen_name" : "ld_host",
          "name" : "ld_host",
          "id_str" : "2000000001",
          "indices" : [
            3,
            11
          ]
        }
      ],
      "urls" : []
    },
    "geo" : {},
    "id_str" : "1000000000000001019",
    "text" : "RT @ld_host: Q2 Where does social learning already happen in your organisation, without L&amp;D designing it? #ldinsight",
    "id" : 1000000000000001019,
    "created_at" : "2023-01-20 08:15:35 +0000",
    "user" : {
      "name" : "Jane (L&D)",
      "screen_name" : "jane_ld",
      "protected" : false,
      "id_str" : "2000000002",
      "profile_image_url_https" : "https://pbs.twimg.com/profile_images/1/a_normal.jpg",
      "id" : 2000000002,
      "verified" : false
    },
    "retweeted_status" : {
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ldinsight",
            "indices" : [
              97,
              107
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "geo" : {},
      "id_str" : "1000000000000001018",
      "text" : "Q2 Where does social learning already happen in your organisation, without L&amp;D designing it? #ldinsight",
      "id" : 1000000000000001018,
      "created_at" : "2023-01-20 08:15:00 +0000",
      "user" : {
        "name" : "LD Chat Host",
        "screen_name" : "ld_host",
        "protected" : false,
        "id_str" : "2000000001",
        "profile_image_url_https" : "https://pbs.twimg.com/profile_images/1/a_normal.jpg",
        "id" : 2000000001,
        "verified" : false
      }
    }
  },
  {
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [
        {
          "text" : "ldinsight",
          "indices" : [
            120,
            130
          ]
        }
      ],
      "symbols" : [],
      "user_mentions" : [
        {
          "screen_name" : "ld_host",
          "name" : "ld_host",
          "id_str" : "2000000001",
          "indices" : [
            0,
            8
          ]
        }
      ],
      "urls" : []
    },
    "geo" : {},
    "id_str" : "1000000000000001008",
    "text" : "@ld_host A1 most of what my team knows they picked up from each other on the job. Nobody designed that, it just happens #ldinsight",
    "id" : 1000000000000001008,
    "created_at" : "2023-01-20 08:06:31 +0000",
    "user" : {
      "name" : "Jane (L&D)",
      "screen_name" : "jane_ld",
      "protected" : false,
      "id_str" : "2000000002",
      "profile_image_url_https" : "https://pbs.twimg.com/profile_images/1/a_normal.jpg",
      "id" : 2000000002,
      "verified" : false
    },
    "in_reply_to_status_id_str" : "1000000000000001006",
    "in_reply_to_status_id" : 1000000000000001006,
    "in_reply_to_screen_name" : "ld_host"
  },
  {
    "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
    "entities" : {
      "hashtags" : [
        {
          "text" : "ldinsight",
          "indices" : [
            84,
            94
          ]
        }
      ],
      "symbols" : [],
      "user_mentions" : [],
      "urls" : []
    },
    "geo" : {},
    "id_str" : "1000000000000001002",
    "text" : "Morning all! Jane, L&amp;D lead at a housing association in Leeds. Coffee in hand ☕ #ldinsight",
    "id" : 1000000000000001002,
    "created_at" : "2023-01-20 08:01:12 +0000",
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
      "hashtags" : [
        {
          "text" : "ldinsight",
          "indices" : [
            30,
            40
          ]
        }
      ],
      "symbols" : [],
      "user_mentions" : [],
      "urls" : []
    },
    "geo" : {},
    "id_str" : "1000000000000001093",
    "text" : "Looking forward to tomorrow's #ldinsight on social learning. Bringing my strongest coffee",
    "id" : 1000000000000001093,
    "created_at" : "2023-01-19 18:30:00 +0000",
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
      "hashtags" : [
        {
          "text" : "ldinsight",
          "indices" : [
            48,
            58
          ]
        }
      ],
      "symbols" : [],
      "user_mentions" : [],
      "urls" : []
    },
    "geo" : {},
    "id_str" : "1000000000000001092",
    "text" : "A1 learning in the flow of work, not in the LMS #ldinsight",
    "id" : 1000000000000001092,
    "created_at" : "2023-01-13 08:06:10 +0000",
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