/// Word lists for product names, people, places and countries, per profile.
enum ProfileVocabulary {
  /// uk_giftware categories: name, items, price range in pence.
  static let ukCategories: [(name: String, items: [String], minPence: Int, maxPence: Int)] = [
    ("candles", ["T-LIGHT HOLDER", "HANGING LANTERN", "SCENTED CANDLE", "CANDLE POT", "TEALIGHT HOLDER SET"], 65, 795),
    ("kitchen", ["MUG", "TEACUP AND SAUCER", "CAKE STAND", "LUNCH BOX", "JAM MAKING SET", "BAKING CASES",
                 "CHOPPING BOARD", "TEA TOWEL"], 39, 1250),
    ("bags", ["JUMBO BAG", "SHOPPER BAG", "LUNCH BAG", "CHARLOTTE BAG", "TOTE BAG"], 85, 425),
    ("stationery", ["NOTEBOOK", "GIFT WRAP", "GREETING CARD", "PAPER CHAIN KIT", "STICKER SHEET",
                    "PENCILS SET OF 6"], 19, 295),
    ("home", ["COAT HANGER", "DOORMAT", "WALL CLOCK", "PHOTO FRAME", "METAL SIGN", "CUSHION COVER",
              "HOT WATER BOTTLE"], 125, 1495),
    ("christmas", ["BAUBLE", "HANGING DECORATION", "ADVENT CALENDAR", "STAR GARLAND", "WREATH"], 29, 850),
    ("toys", ["SKITTLES", "JIGSAW PUZZLE", "TOY TIDY", "PARTY BUNTING", "SPINNING TOP"], 42, 995),
  ]
  /// uk_giftware description prefixes.
  static let ukMotifs = [
    "WHITE", "RED", "PINK", "BLUE", "GREEN", "CREAM", "IVORY", "BLACK", "SILVER", "GOLD", "ROSE", "VINTAGE",
    "RETRO", "REGENCY", "SPOTTY", "FLORAL", "PAISLEY", "UNION JACK", "WOODLAND", "HEART", "STAR", "BIRD",
    "DOLLY GIRL", "SPACEBOY", "SKULL", "LOVE", "ANTIQUE", "KNITTED", "ENAMEL", "GLASS",
  ]
  /// uk_giftware countries (names the warehouse's `core.country_alias` knows) and weights in percent.
  static let ukCountries: [(name: String, weight: Double)] = [
    ("United Kingdom", 90), ("Germany", 2.0), ("France", 1.8), ("EIRE", 1.7), ("Spain", 0.6),
    ("Netherlands", 0.5), ("Belgium", 0.5), ("Switzerland", 0.5), ("Portugal", 0.4), ("Norway", 0.3),
    ("Italy", 0.3), ("Channel Islands", 0.2), ("Finland", 0.2), ("Austria", 0.2), ("Denmark", 0.2),
    ("Sweden", 0.2), ("Poland", 0.1), ("Cyprus", 0.1), ("Iceland", 0.05), ("Greece", 0.05), ("Malta", 0.05),
    ("Lithuania", 0.05),
  ]
  /// uk_giftware stock-adjustment descriptions (as in the UCI file).
  static let ukAdjustmentNotes = ["damaged", "damages", "wet damaged", "check", "lost", "missing", "?"]
  /// uk_giftware hour-of-day weights for hours 7…20.
  static let ukHourWeights: [Double] = [1, 6, 10, 12, 14, 15, 13, 11, 7, 4, 2, 1, 1, 1]

  /// indian_apparel categories with price ranges in rupees.
  static let indianCategories: [(name: String, minRupees: Int, maxRupees: Int)] = [
    ("Saree", 899, 24999), ("Kurta", 499, 3999), ("Kurti", 399, 2499), ("Lehenga", 2999, 49999),
    ("Dupatta", 299, 2999), ("Sherwani", 4999, 39999), ("Salwar Suit", 999, 8999),
    ("Anarkali Suit", 1499, 12999), ("Nehru Jacket", 999, 5999), ("Dhoti", 299, 1999),
  ]
  /// indian_apparel fabrics and crafts.
  static let indianStyles = [
    "Banarasi Silk", "Kanjeevaram Silk", "Chanderi", "Cotton", "Georgette", "Chiffon", "Linen", "Khadi",
    "Bandhani", "Chikankari", "Phulkari", "Ikat", "Kalamkari", "Zari Work", "Mirror Work", "Block Print",
  ]
  /// indian_apparel colours.
  static let indianColours = [
    "Maroon", "Mustard", "Teal", "Ivory", "Indigo", "Peach", "Emerald", "Rani Pink", "Saffron", "Navy", "Gold",
    "Bottle Green", "Wine", "Beige",
  ]
  /// Female first names.
  static let femaleNames = [
    "Aarti", "Ananya", "Deepika", "Divya", "Fatima", "Gayatri", "Isha", "Kavya", "Lakshmi", "Meera", "Neha",
    "Pooja", "Priya", "Riya", "Sana", "Shreya", "Sneha", "Tanvi", "Vaishnavi", "Zara",
  ]
  /// Male first names.
  static let maleNames = [
    "Aarav", "Aditya", "Amit", "Arjun", "Harsh", "Imran", "Karan", "Manish", "Mohammed", "Nikhil", "Pranav",
    "Rahul", "Rajesh", "Rohan", "Sahil", "Sanjay", "Suresh", "Varun", "Vikram", "Vivek",
  ]
  /// Surnames.
  static let surnames = [
    "Sharma", "Verma", "Gupta", "Patel", "Shah", "Reddy", "Rao", "Iyer", "Nair", "Menon", "Singh", "Kaur",
    "Khan", "Das", "Banerjee", "Chatterjee", "Mukherjee", "Joshi", "Kulkarni", "Desai", "Pillai", "Agarwal",
    "Mehta", "Chopra", "Malhotra",
  ]
  /// Indian cities, most populous first (sampled with Zipf weights).
  static let indianCities = [
    "Mumbai", "Delhi", "Bengaluru", "Hyderabad", "Chennai", "Kolkata", "Pune", "Ahmedabad", "Jaipur", "Lucknow",
    "Surat", "Kanpur", "Nagpur", "Indore", "Bhopal", "Patna", "Vadodara", "Coimbatore", "Kochi", "Chandigarh",
    "Visakhapatnam", "Thiruvananthapuram", "Guwahati", "Bhubaneswar", "Mysuru", "Varanasi", "Amritsar",
    "Ludhiana", "Nashik", "Madurai",
  ]
  /// indian_apparel hour-of-day weights for hours 10…21.
  static let indianHourWeights: [Double] = [3, 5, 7, 8, 7, 6, 6, 7, 9, 10, 8, 4]
}
