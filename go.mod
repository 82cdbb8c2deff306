module github.com/sfbridge/sfbridge

go 1.26.8
