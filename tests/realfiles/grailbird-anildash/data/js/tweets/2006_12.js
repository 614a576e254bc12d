Grailbird.data.tweets_2006_12 = 
 [ {
  "source" : "im",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "1581993",
  "text" : "another little shaker",
  "id" : 1581993,
  "created_at" : "Sat Dec 23 06:51:52 +0000 2006",
  "user" : {
    "name" : "Anil Dash",
    "screen_name" : "anildash",
    "protected" : false,
    "id_str" : "36823",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/3186366800/ad22db88a59841a6b8eacea67216f7c8_normal.jpeg",
    "id" : 36823,
    "verified" : true
  }
}, {
  "source" : "im",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "1576853",
  "text" : "mourning the demise of cal henderson's teeth",
  "id" : 1576853,
  "created_at" : "Sat Dec 23 02:58:18 +0000 2006",
  "user" : {
    "name" : "Anil Dash",
    "screen_name" : "anildash",
    "protected" : false,
    "id_str" : "36823",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/3186366800/ad22db88a59841a6b8eacea67216f7c8_normal.jpeg",
    "id" : 36823,
    "verified" : true
  }
}, {
  "source" : "im",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "1535593",
  "text" : "planning on retiring for the evening",
  "id" : 1535593,
  "created_at" : "Fri Dec 22 09:29:11 +0000 2006",
  "user" : {
    "name" : "Anil Dash",
    "screen_name" : "anildash",
    "protected" : false,
    "id_str" : "36823",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/3186366800/ad22db88a59841a6b8eacea67216f7c8_normal.jpeg",
    "id" : 36823,
    "verified" : true
  }
}, {
  "source" : "im",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "1458813",
  "text" : "quake?",
  "id" : 1458813,
  "created_at" : "Thu Dec 21 03:13:17 +0000 2006",
  "user" : {
    "name" : "Anil Dash",
    "screen_name" : "anildash",
    "protected" : false,
    "id_str" : "36823",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/3186366800/ad22db88a59841a6b8eacea67216f7c8_normal.jpeg",
    "id" : 36823,
    "verified" : true
  }
}, {
  "source" : "im",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "1457173",
  "text" : "i'm in ur diggs promoting ur blog posts",
  "id" : 1457173,
  "created_at" : "Thu Dec 21 02:27:22 +0000 2006",
  "user" : {
    "name" : "Anil Dash",
    "screen_name" : "anildash",
    "protected" : false,
    "id_str" : "36823",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/3186366800/ad22db88a59841a6b8eacea67216f7c8_normal.jpeg",
    "id" : 36823,
    "verified" : true
  }
}, {
  "source" : "im",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "686913",
  "text" : "Contemplating those who are contemplating lunch.",
  "id" : 686913,
  "created_at" : "Tue Dec 05 20:16:47 +0000 2006",
  "user" : {
    "name" : "Anil Dash",
    "screen_name" : "anildash",
    "protected" : false,
    "id_str" : "36823",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/3186366800/ad22db88a59841a6b8eacea67216f7c8_normal.jpeg",
    "id" : 36823,
    "verified" : true
  }
}, {
  "source" : "web",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "573433",
  "text" : "thinking about a late lunch... zeke's?",
  "id" : 573433,
  "created_at" : "Sat Dec 02 22:08:13 +0000 2006",
  "user" : {
    "name" : "Anil Dash",
    "screen_name" : "anildash",
    "protected" : false,
    "id_str" : "36823",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/3186366800/ad22db88a59841a6b8eacea67216f7c8_normal.jpeg",
    "id" : 36823,
    "verified" : true
  }
}, {
  "source" : "im",
  "entities" : {
    "user_mentions" : [ ],
    "media" : [ ],
    "hashtags" : [ ],
    "urls" : [ ]
  },
  "geo" : {
  },
  "id_str" : "556823",
  "text" : "thinking about sleeping",
  "id" : 556823,
  "created_at" : "Sat Dec 02 09:19:42 +0000 2006",
  "user" : {
    "name" : "Anil Dash",
    "screen_name" : "anildash",
    "protected" : false,
    "id_str" : "36823",
    "profile_image_url_https" : "https://si0.twimg.com/profile_images/3186366800/ad22db88a59841a6b8eacea67216f7c8_normal.jpeg",
    "id" : 36823,
    "verified" : true
  }
} ]