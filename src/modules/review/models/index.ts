export * from "./review"
export * from "./review-vote"
export * from "./review-report"
export * from "./review-upload"
