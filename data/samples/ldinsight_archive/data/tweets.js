window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000001033"
          ],
          "editableUntil" : "2023-01-20T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ldinsight",
            "indices" : [
              "40",
              "50"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "125"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000001033",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000001033",
      "created_at" : "Fri Jan 20 08:35:00 +0000 2023",
      "favorited" : false,
      "full_text" : "That's time! Thanks all for a brilliant #ldinsight. Summary on the blog next week; same time next Friday for working out loud",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000001027"
          ],
          "editableUntil" : "2023-01-20T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ldinsight",
            "indices" : [
              "99",
              "109"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "109"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000001027",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000001027",
      "created_at" : "Fri Jan 20 08:25:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Q3 What's one thing L&amp;D could stop doing so social learning can flourish? Last question today! #ldinsight",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000001025"
          ],
          "editableUntil" : "2023-01-20T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ldinsight",
            "indices" : [
              "119",
              "129"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "screen_name" : "sam_learns",
            "name" : "sam_learns",
            "id_str" : "2000000003",
            "indices" : [
              "3",
              "14"
            ]
          },
          {
            "screen_name" : "ld_host",
            "name" : "ld_host",
            "id_str" : "2000000001",
            "indices" : [
              "16",
              "24"
            ]
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "129"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000001025",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000001025",
      "created_at" : "Fri Jan 20 08:20:00 +0000 2023",
      "favorited" : false,
      "full_text" : "RT @sam_learns: @ld_host A2 onboarding: new starters learn the culture from their buddy, not from the induction module #ldinsight",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000001018"
          ],
          "editableUntil" : "2023-01-20T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ldinsight",
            "indices" : [
              "97",
              "107"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "107"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000001018",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000001018",
      "created_at" : "Fri Jan 20 08:15:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Q2 Where does social learning already happen in your organisation, without L&amp;D designing it? #ldinsight",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000001017"
          ],
          "editableUntil" : "2023-01-20T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ldinsight",
            "indices" : [
              "38",
              "48"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "48"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000001017",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000001017",
      "created_at" : "Fri Jan 20 08:14:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Q2 in 2 minutes! Great answers so far #ldinsight",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000001016"
          ],
          "editableUntil" : "2023-01-20T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "WOL",
            "indices" : [
              "121",
              "125"
            ]
          },
          {
            "text" : "ldinsight",
            "indices" : [
              "126",
              "136"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "screen_name" : "raj_wol",
            "name" : "raj_wol",
            "id_str" : "2000000004",
            "indices" : [
              "3",
              "11"
            ]
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "140"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000001016",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000001016",
      "created_at" : "Fri Jan 20 08:11:10 +0000 2023",
      "favorited" : false,
      "full_text" : "RT @raj_wol: A1 my PLN on here plus a WOL circle at work. The tools matter less than people feeling safe to share openly #WOL #ldinsight ht…",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000001012"
          ],
          "editableUntil" : "2023-01-20T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ldinsight",
            "indices" : [
              "68",
              "78"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "screen_name" : "raj_wol",
            "name" : "raj_wol",
            "id_str" : "2000000004",
            "indices" : [
              "0",
              "8"
            ]
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "78"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000001012",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000001012",
      "created_at" : "Fri Jan 20 08:08:50 +0000 2023",
      "favorited" : false,
      "full_text" : "@raj_wol Love that. What makes it feel safe to share where you are? #ldinsight",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1000000000000001010",
      "in_reply_to_status_id" : "1000000000000001010",
      "in_reply_to_screen_name" : "raj_wol"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000001006"
          ],
          "editableUntil" : "2023-01-20T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ldinsight",
            "indices" : [
              "62",
              "72"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "72"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000001006",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000001006",
      "created_at" : "Fri Jan 20 08:05:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Q1 When you say 'social learning', what do you actually mean? #ldinsight",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000001005"
          ],
          "editableUntil" : "2023-01-20T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ldinsight",
            "indices" : [
              "28",
              "38"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "38"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000001005",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000001005",
      "created_at" : "Fri Jan 20 08:04:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Q1 coming up in a minute... #ldinsight",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1000000000000001001"
          ],
          "editableUntil" : "2023-01-20T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "ldinsight",
            "indices" : [
              "28",
              "38"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "157"
      ],
      "favorite_count" : "1",
      "id_str" : "1000000000000001001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1000000000000001001",
      "created_at" : "Fri Jan 20 08:00:05 +0000 2023",
      "favorited" : false,
      "full_text" : "Good morning and welcome to #ldinsight! Today we're talking social learning: what do we actually mean by it? Say hi &amp; tell us where you're joining from 👋",
      "lang" : "en"
    }
  }
]