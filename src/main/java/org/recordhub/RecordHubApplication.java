package org.recordhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class RecordHubApplication {

	public static void main(String[] args) {
		SpringApplication.run(RecordHubApplication.class, args);
	}

}
