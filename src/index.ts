// One bundle serves both steps: main the first time, post once main has marked its state.
import { main } from './main.js';
import { post } from './post.js';
import { isPost } from './state.js';

void (isPost() ? post() : main());
