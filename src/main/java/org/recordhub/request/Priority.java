package org.recordhub.request;

public enum Priority {

	ROUTINE, URGENT

}
